/** @odoo-module **/
// XS-2: an up-sell and a cross-sell offered and accepted in the order form.
import { registry } from "@web/core/registry";

function addProduct(name) {
    return [
        {
            trigger: ".o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='product_template_id'] input",
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
        ...addProduct("Tour Basic Printer"),
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
        ...addProduct("Tour Scanner"),
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
        ...addProduct("Tour Laptop"),
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
        ...addProduct("Tour Monitor"),
        {
            content: "Closed without an answer",
            trigger: ".modal:has(.o_sales_suggestion:contains(Tour HDMI Cable)) .btn-close",
            run: "click",
        },
        {
            content: "The order is saved with its five lines",
            trigger: ".o_form_saved .o_data_row:nth-child(5) .o_field_cell[name='product_template_id']:contains(Tour Monitor)",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
