/** @odoo-module **/
// XS-2/XS-5: an up-sell and a cross-sell offered and accepted in the order
// form, once the line is complete (its quantity typed, or the line left).
import { registry } from "@web/core/registry";

/** Leave the line being edited: click the order lines' tab. */
const leaveLine = {
    content: "Leave the line",
    trigger: ".o_notebook .nav-link[name='order_lines']",
    run: "click",
};

function typeQuantity(qty) {
    return {
        content: `Type the quantity ${qty}`,
        trigger: ".o_selected_row .o_field_widget[name='product_uom_qty'] input",
        run: `edit ${qty} && press Tab`,
    };
}

function priceIs(price) {
    return {
        content: `The product's price ${price} is set`,
        trigger: `.o_selected_row .o_field_widget[name='price_unit'] input:value(${price})`,
    };
}

function addProduct(name, row) {
    const input = `.o_data_row:nth-child(${row}).o_selected_row .o_field_widget[name='product_template_id'] input`;
    return [
        {
            trigger: ".o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            content: `Line ${row}: ${name}`,
            trigger: input,
            run: `edit ${name}`,
        },
        {
            trigger: `.ui-menu-item > a:contains(${name})`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("sales_marketing_suggestion_tour", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour XS Kund",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour XS Kund)",
            run: "click",
        },
        ...addProduct("Tour Basic Printer", 1),
        priceIs("100.00"),
        leaveLine,
        {
            content: "The up-sell is offered with its script",
            trigger: ".modal .o_sales_suggestion:contains(Tour Premium Printer):contains(Twice as fast)",
        },
        {
            trigger: ".modal .o_sales_suggestion:contains(Tour Premium Printer) .o_sales_suggestion_accept",
            run: "click",
        },
        {
            content: "The line's product is replaced; the order is saved",
            trigger:
                ".o_form_saved .o_data_row .o_field_cell[name='product_template_id']:contains(Tour Premium Printer)",
        },
        ...addProduct("Tour Scanner", 2),
        priceIs("80.00"),
        leaveLine,
        {
            content: "The cross-sell is offered",
            trigger: ".modal .o_sales_suggestion:contains(Tour USB Cable)",
        },
        {
            trigger: ".modal .o_sales_suggestion:contains(Tour USB Cable) .o_sales_suggestion_accept",
            run: "click",
        },
        {
            content: "A line is added for the accessory",
            trigger:
                ".o_form_saved .o_data_row .o_field_cell[name='product_template_id']:contains(Tour USB Cable)",
        },
        // a line without suggestions, not saved yet, then one with suggestions:
        // answering saves both, the answer goes to the second
        ...addProduct("Tour Paper", 4),
        {
            content: "The paper's price is set: the line is complete",
            trigger: ".o_selected_row .o_field_widget[name='price_unit'] input:value(4.00)",
        },
        ...addProduct("Tour Laptop", 5),
        priceIs("900.00"),
        typeQuantity(3),
        {
            content: "Declining is one click",
            trigger: ".modal:has(.o_sales_suggestion:contains(Tour Mouse)) .o_sales_suggestion_decline",
            run: "click",
        },
        {
            content: "Nothing added",
            trigger:
                ".o_form_saved .o_data_row .o_field_cell[name='product_template_id']:contains(Tour Laptop)",
        },
        ...addProduct("Tour Monitor", 6),
        priceIs("300.00"),
        leaveLine,
        {
            content: "Closed without an answer",
            trigger: ".modal:has(.o_sales_suggestion:contains(Tour HDMI Cable)) .btn-close",
            run: "click",
        },
        {
            content: "The order is saved with its six lines",
            trigger: ".o_form_saved .o_data_row:nth-child(6) .o_field_cell[name='product_template_id']:contains(Tour Monitor)",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// XS-5/XS-6: a rule "from 10 chairs" fires only once 12 is typed, not when the
// chair is picked nor at 5; its suggestions come in order of priority and the
// cross-sell adds as many cushions as chairs.
registry.category("web_tour.tours").add("sales_marketing_suggestion_quantity_tour", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour XS5 Kund",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour XS5 Kund)",
            run: "click",
        },
        ...addProduct("Tour Chair", 1),
        priceIs("50.00"),
        typeQuantity(5),
        {
            content: "5 chairs: the line is complete, no rule applies",
            trigger: ".o_selected_row .o_field_widget[name='price_subtotal']:contains(250.00)",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        typeQuantity(12),
        {
            content: "12 chairs: the rules from 10 are offered, higher priority first",
            trigger:
                ".modal .o_sales_suggestion:first-child:contains(Tour Cushion) ~ .o_sales_suggestion:contains(Tour Armrest)",
        },
        {
            trigger: ".modal .o_sales_suggestion:contains(Tour Cushion) .o_sales_suggestion_accept",
            run: "click",
        },
        {
            content: "A line of 12 cushions is added; the order is saved",
            trigger:
                ".o_form_saved .o_data_row:nth-child(2) .o_field_cell[name='product_template_id']:contains(Tour Cushion)",
        },
        {
            trigger: ".o_data_row:nth-child(2) .o_field_cell[name='product_uom_qty']:contains(12.00)",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
