/** @odoo-module **/
// Delivered order -> Create Return -> confirm -> receive -> credit note.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_marketing_returned_order_tour", {
    steps: () => [
        {
            content: "Create a return from the delivered order",
            trigger: ".o_statusbar_buttons button[name='action_create_return']",
            run: "click",
        },
        {
            content: "Return 2 of the 5 delivered",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row .o_field_cell[name='quantity']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row .o_field_widget[name='quantity'] input",
            run: "edit 2",
        },
        {
            trigger: ".modal button[name='action_create_return']",
            run: "click",
        },
        {
            content: "The returned order has its RMA number",
            trigger: ".o_form_view .o_rma_number:contains(RMA/)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='order_type'] select:has(option:checked:contains(Returned order))",
        },
        {
            content: "Confirm it",
            trigger: ".o_statusbar_buttons button[name='action_confirm']:not(.d-none)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
        {
            content: "Open the return receipt",
            trigger: "button[name='action_view_delivery']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='rma_number']:contains(RMA/)",
        },
        {
            trigger: ".o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            content: "Validation asks what happens to the goods: back to stock",
            trigger: ".modal .o_data_row:nth-child(1) .o_field_cell[name='disposition_id']",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:nth-child(1) .o_field_widget[name='disposition_id'] input",
            run: "edit CREDIT",
        },
        {
            trigger: ".ui-menu-item > a:contains(CREDIT - Credit, back to stock)",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_validate']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
        {
            content: "Back to the returned order (the last breadcrumb)",
            trigger: ".o_breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='sales_status'] .badge:contains(Delivered)",
        },
        {
            content: "Credit the customer",
            trigger: ".o_statusbar_buttons button#create_invoice",
            run: "click",
        },
        {
            trigger: ".modal button#create_invoice_open",
            run: "click",
        },
        {
            content: "It is a credit note",
            trigger: ".o_form_view .o_field_widget[name='move_type']:contains(Credit Note)",
        },
        {
            trigger: ".o_statusbar_buttons button[name='action_post']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Posted)",
        },
    ],
});
