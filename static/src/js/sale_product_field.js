/** @odoo-module **/
// XS-2: offer the applicable up-sell and cross-sell rules as soon as a
// product is entered on a quotation/order line. The server decides and does
// everything: which suggestions apply (a preview for the unsaved line), and,
// once the salesperson answers and the order is saved, accepting (up-sell:
// the product replaced, cross-sell: a line added) and the statistics (XS-7).
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
        const answer = (method, argsOf) => this._answerSalesSuggestions(line, method, argsOf);
        this.dialog.add(SalesSuggestionDialog, {
            suggestions,
            triggerName: line.data.product_id[1] || "",
            accept: async (suggestion) => {
                const answered = await answer("action_accept_sales_suggestion", (lineId) => [
                    lineId,
                    suggestion.rule_id,
                    suggestion.product_id,
                ]);
                if (answered) {
                    await order.load(); // the changed or added line
                }
            },
            decline: () =>
                answer("action_decline_sales_suggestions", (lineId) => [
                    lineId,
                    [...new Set(suggestions.map((s) => s.rule_id))],
                ]),
            // closed without an answer: the suggestions still count as offered
            dismiss: () => answer("get_sales_suggestions", (lineId) => [[lineId]]),
        });
    },

    /**
     * Save the order (the statistics belong to saved lines, XS-7), then call
     * the order's ``method`` for the saved line with ``argsOf(lineId)``. The
     * model's ORM, not the field's: saving re-renders the line, destroying
     * this component.
     *
     * @returns {Promise<boolean>} whether the order was saved and the method called
     */
    async _answerSalesSuggestions(line, method, argsOf) {
        const order = line.model.root;
        const productId = many2oneId(line.data.product_id);
        const knownIds = new Set(order.data.order_line.currentIds);
        if (!(await order.save())) {
            return false;
        }
        let lineId = line.resId;
        if (!lineId) {
            // the line just created: the only new one, or the new one with
            // this product when other new lines were saved with it
            const added = order.data.order_line.currentIds.filter((id) => !knownIds.has(id));
            [lineId] =
                added.length === 1
                    ? added
                    : await order.model.orm.search(
                          "sale.order.line",
                          [
                              ["id", "in", added],
                              ["product_id", "=", productId],
                          ],
                          { limit: 1 }
                      );
        }
        if (!lineId) {
            return false;
        }
        await order.model.orm.call("sale.order", method, [[order.resId], ...argsOf(lineId)]);
        return true;
    },
});
