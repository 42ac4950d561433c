/** @odoo-module **/
// A return of two lines: one replaced up-front, then at arrival the two get
// different disposition codes (scrap, replace and credit).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_marketing_return_disposition_tour", {
    steps: () => [
        {
            content: "Create a return from the delivered order",
            trigger: ".o_statusbar_buttons button[name='action_create_return']",
            run: "click",
        },
        {
            content: "Both delivered lines are offered",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:nth-child(2)",
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
            content: "Replace the goods up-front, before they come back",
            trigger: ".o_statusbar_buttons button[name='action_create_replacement_order']",
            run: "click",
        },
        {
            content: "The replacement is a sales order linked to the return",
            trigger: ".o_form_view .o_field_widget[name='replaced_order_id'] a:contains(RMA/), .o_form_view .o_field_widget[name='replaced_order_id']:contains(S0)",
        },
        {
            content: "Back to the returned order",
            trigger: ".o_breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            trigger: "button[name='action_view_replacement_orders'] .o_stat_value:contains(1)",
        },
        {
            content: "Confirm the return",
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
            trigger: ".o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            content: "Validation asks for the disposition codes",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:nth-child(1) .o_field_cell[name='disposition_id']",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:nth-child(1) .o_field_widget[name='disposition_id'] input",
            run: "edit SCRAP",
        },
        {
            trigger: ".ui-menu-item > a:contains(SCRAP - Scrap and credit)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:nth-child(2) .o_field_cell[name='disposition_id']",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:nth-child(2) .o_field_widget[name='disposition_id'] input",
            run: "edit REPLCRED",
        },
        {
            trigger: ".ui-menu-item > a:contains(REPLCRED - Replace and credit)",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_validate']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
    ],
});
