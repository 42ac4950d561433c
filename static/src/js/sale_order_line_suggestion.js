/** @odoo-module **/
// XS-2/XS-5: offer the applicable up-sell and cross-sell suggestions once a
// quotation/order line is complete: its product and quantity entered, or the
// line left with its product. A later quantity change evaluates the line once
// more; a product is never offered twice on a line (the web client says what
// it offered, the server knows what a saved line was offered). The server
// decides and does everything: which suggestions apply (a preview for the
// line being edited, one call), and, once the salesperson answers and the
// order is saved, accepting (up-sell: the product replaced, cross-sell: a line
// added) and the statistics (XS-7).
import { toRaw } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";
import { Record } from "@web/model/relational_model/record";
import { SalesSuggestionDialog } from "./sales_suggestion_dialog";

const many2oneId = (value) => (Array.isArray(value) ? value[0] : value || false);

// the first evaluation and the one a later quantity change makes
const MAX_EVALUATIONS = 2;

/** Per order line being edited: {productId, evaluations, offered: Set} */
const lineStates = new WeakMap();

function isOrderLine(record) {
    const root = record.model.root;
    return (
        record.resModel === "sale.order.line" &&
        root &&
        root !== record &&
        root.resModel === "sale.order"
    );
}

function lineProductId(record) {
    return record.data.display_type ? false : many2oneId(record.data.product_id);
}

patch(Record.prototype, {
    async _update(changes) {
        if (!isOrderLine(this)) {
            return super._update(...arguments);
        }
        const productBefore = lineProductId(this);
        const qtyBefore = this.data.product_uom_qty;
        const result = await super._update(...arguments);
        onLineChanged(this, changes, productBefore, qtyBefore);
        return result;
    },

    _switchMode(mode) {
        const left = mode === "readonly" && this.isInEdition && isOrderLine(this);
        const result = super._switchMode(...arguments);
        if (left) {
            onLineLeft(this);
        }
        return result;
    },
});

function onLineChanged(line, changes, productBefore, qtyBefore) {
    const productId = lineProductId(line);
    if (!productId) {
        return;
    }
    const raw = toRaw(line);
    const qtyEntered = "product_uom_qty" in changes && line.data.product_uom_qty !== qtyBefore;
    let state = lineStates.get(raw);
    if (productId !== productBefore || !state || state.productId !== productId) {
        // a product entered: evaluated once the line is complete. A saved line
        // seen for the first time was evaluated when it was entered.
        const newProduct = productId !== productBefore;
        const evaluations = newProduct || !line.resId ? 0 : 1;
        state = { productId, evaluations, offered: new Set() };
        lineStates.set(raw, state);
        if (newProduct ? !("product_uom_qty" in changes) : !qtyEntered) {
            return; // not complete yet: the quantity is still to come
        }
    } else if (!qtyEntered) {
        return;
    }
    evaluate(line, state);
}

function onLineLeft(line) {
    const state = lineStates.get(toRaw(line));
    if (state && !state.evaluations && state.productId === lineProductId(line)) {
        evaluate(line, state);
    }
}

function evaluate(line, state) {
    if (state.evaluations >= MAX_EVALUATIONS) {
        return;
    }
    state.evaluations++;
    // not awaited: the line's update (or the list leaving it) goes on
    offerSalesSuggestions(line, state);
}

async function offerSalesSuggestions(line, state) {
    const order = line.model.root;
    const orderValues = {
        id: order.resId || false,
        partner_id: many2oneId(order.data.partner_id),
        pricelist_id: many2oneId(order.data.pricelist_id),
        company_id: many2oneId(order.data.company_id),
        order_type: order.data.order_type || false,
    };
    if (order.data.warehouse_id) {
        orderValues.warehouse_id = many2oneId(order.data.warehouse_id);
    }
    const lineValues = {
        id: line.resId || false,
        product_id: state.productId,
        product_uom_qty: line.data.product_uom_qty,
        price_unit: line.data.price_unit,
        discount: line.data.discount,
    };
    if (line.data.product_uom) {
        lineValues.product_uom = many2oneId(line.data.product_uom);
    }
    const suggestions = await line.model.orm.call("sale.order", "get_line_suggestions", [], {
        order_values: orderValues,
        line_values: lineValues,
        offered_product_ids: [...state.offered],
    });
    // nothing, or the line changed product meanwhile
    if (!suggestions.length || lineStates.get(toRaw(line)) !== state) {
        return;
    }
    for (const suggestion of suggestions) {
        state.offered.add(suggestion.product_id);
    }
    const productId = state.productId;
    const answer = (method, argsOf) => answerSalesSuggestions(line, productId, method, argsOf);
    line.model.dialog.add(SalesSuggestionDialog, {
        suggestions,
        triggerName: (Array.isArray(line.data.product_id) && line.data.product_id[1]) || "",
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
}

/**
 * Save the order (the statistics belong to saved lines, XS-7), then call the
 * order's ``method`` for the saved line with ``argsOf(lineId)``.
 *
 * @returns {Promise<boolean>} whether the order was saved and the method called
 */
async function answerSalesSuggestions(line, productId, method, argsOf) {
    const order = line.model.root;
    const knownIds = new Set(order.data.order_line.currentIds);
    if (!(await order.save())) {
        return false;
    }
    let lineId = line.resId;
    if (!lineId) {
        // the line just created: the only new one, or the new one with this
        // product when other new lines were saved with it
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
}
