/** @odoo-module **/
// XS-2: the up-sell / cross-sell suggestions offered when a product is entered.
import { Component, useState } from "@odoo/owl";
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
        dismiss: { type: Function, optional: true },
        close: Function,
    };

    setup() {
        this.state = useState({ busy: false });
        // closed with the cross or Escape, not answered
        this.env.dialogData.dismiss = () =>
            this.props.dismiss && this.answer(() => this.props.dismiss());
    }

    get title() {
        return _t("Suggestions for %s", this.props.triggerName || "");
    }

    typeLabel(suggestion) {
        return suggestion.suggestion_type === "upsell" ? _t("Up-sell") : _t("Cross-sell");
    }

    actionLabel(suggestion) {
        return suggestion.suggestion_type === "upsell" ? _t("Replace") : _t("Add");
    }

    onAccept(suggestion) {
        return this.answer(() => this.props.accept(suggestion));
    }

    onDecline() {
        return this.answer(() => this.props.decline());
    }

    /** One answer, whatever the clicks; the dialog closes even if it fails. */
    async answer(callback) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            await callback();
        } finally {
            this.props.close();
        }
    }
}
