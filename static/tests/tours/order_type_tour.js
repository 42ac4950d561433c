/** @odoo-module **/
// Journal -> sales order -> confirm -> deliver -> invoice, all through the UI.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_marketing_order_type_tour", {
    url: "/odoo/action-sales_marketing.sale_order_action_journal",
    steps: () => [
        {
            content: "Create a journal",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The new order is a journal",
            trigger: ".o_form_view .ribbon:contains(Journal)",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Kund",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Kund)",
            run: "click",
        },
        {
            trigger: ".o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='product_template_id'] input",
            run: "edit Tour Widget",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Widget)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='product_uom_qty'] input",
            run: "edit 3",
        },
        ...stepUtils.saveForm(),
        {
            content: "Item requirement is never offered",
            trigger: ".o_field_widget[name='order_type'] select:not(:has(option:contains(Item requirement)))",
        },
        {
            content: "Release the journal: make it a sales order",
            trigger: ".o_field_widget[name='order_type'] select",
            run: "selectByLabel Sales order",
        },
        ...stepUtils.saveForm(),
        {
            trigger: ".o_form_view:not(:has(.ribbon))",
        },
        {
            content: "Confirm",
            trigger: ".o_statusbar_buttons button[name='action_confirm']:not(.d-none)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
        {
            content: "The order is open",
            trigger: ".o_field_widget[name='sales_status'] .badge:contains(Open order)",
        },
        {
            content: "Open the delivery",
            trigger: "button[name='action_view_delivery']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
        {
            content: "Back to the order",
            trigger: ".breadcrumb-item a:contains(S0)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='sales_status'] .badge:contains(Delivered)",
        },
        {
            content: "Create the invoice",
            trigger: ".o_statusbar_buttons button#create_invoice",
            run: "click",
        },
        {
            trigger: ".modal button#create_invoice_open",
            run: "click",
        },
        {
            content: "Post it",
            trigger: ".o_statusbar_buttons button[name='action_post']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Posted)",
        },
        {
            trigger: ".breadcrumb-item a:contains(S0)",
            run: "click",
        },
        {
            content: "The order is invoiced",
            trigger: ".o_field_widget[name='sales_status'] .badge:contains(Invoiced)",
        },
    ],
});
