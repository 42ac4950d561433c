/** @odoo-module **/
// XS-2: an up-sell and a cross-sell offered and accepted in the order form.
import { registry } from "@web/core/registry";

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
