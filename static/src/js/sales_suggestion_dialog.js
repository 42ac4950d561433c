/** @odoo-module **/
// XS-2: the up-sell / cross-sell suggestions offered when a product is entered.
import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";

export class SalesSuggestionDialog extends Component {
    static template = "sales_marketing.SalesSuggestionDialog";
    static components = { Dialog };
    static props = {
        suggestions: Array,
        triggerName: { type: String, optional: true },
        accept: Function,
        decline: Function,
        close: Function,
    };

    get title() {
        return _t("Suggestions for %s", this.props.triggerName || "");
    }

    typeLabel(suggestion) {
        return suggestion.suggestion_type === "upsell" ? _t("Up-sell") : _t("Cross-sell");
    }

    actionLabel(suggestion) {
        return suggestion.suggestion_type === "upsell" ? _t("Replace") : _t("Add");
    }

    async onAccept(suggestion) {
        await this.props.accept(suggestion);
        this.props.close();
    }

    async onDecline() {
        await this.props.decline();
        this.props.close();
    }
}
