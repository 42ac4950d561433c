/** @odoo-module **/
// XS-2: offer the applicable up-sell and cross-sell rules as soon as a
// product is entered on a quotation/order line.
import { patch } from "@web/core/utils/patch";
import { SaleOrderLineProductField } from "@sale/js/sale_product_field";
import { SalesSuggestionDialog } from "./sales_suggestion_dialog";

const many2oneId = (value) => (Array.isArray(value) ? value[0] : value || false);

patch(SaleOrderLineProductField.prototype, {
    async _onProductUpdate() {
        await super._onProductUpdate(...arguments);
        await this._offerSalesSuggestions();
    },

    async _offerSalesSuggestions() {
        const line = this.props.record;
        const order = line.model.root;
        if (order.resModel !== "sale.order" || !line.data.product_id) {
            return;
        }
        const suggestions = await this.orm.call("sale.order", "get_line_suggestions", [], {
            order_values: {
                id: order.resId || false,
                partner_id: many2oneId(order.data.partner_id),
                pricelist_id: many2oneId(order.data.pricelist_id),
                company_id: many2oneId(order.data.company_id),
                order_type: order.data.order_type || false,
            },
            line_values: {
                product_id: many2oneId(line.data.product_id),
                product_uom_qty: line.data.product_uom_qty,
                price_unit: line.data.price_unit,
                discount: line.data.discount,
            },
        });
        if (!suggestions.length) {
            return;
        }
        const log = (items, eventType) =>
            this.orm.call("sale.suggestion.event", "log_events", [
                items.map((s) => ({
                    rule_id: s.rule_id,
                    product_id: s.product_id,
                    trigger_product_id: s.trigger_product_id,
                    event_type: eventType,
                    order_id: order.resId || false,
                    partner_id: many2oneId(order.data.partner_id),
                })),
            ]);
        this.dialog.add(SalesSuggestionDialog, {
            suggestions,
            triggerName: line.data.product_id[1] || "",
            accept: async (suggestion) => {
                await this._applySalesSuggestion(suggestion);
                await log([suggestion], "accepted");
            },
            decline: async () => {
                await log(suggestions, "declined");
            },
        });
    },

    async _applySalesSuggestion(suggestion) {
        const line = this.props.record;
        const order = line.model.root;
        const product = [suggestion.product_id, suggestion.product_name];
        if (suggestion.suggestion_type === "upsell") {
            // the product is replaced, the quantity kept
            await line.update({ product_id: product, product_uom_qty: line.data.product_uom_qty });
        } else {
            const newLine = await order.data.order_line.addNewRecord({
                position: "bottom",
                mode: "readonly",
            });
            await newLine.update({ product_id: product, product_uom_qty: 1 });
            order.data.order_line.leaveEditMode();
        }
    },
});
