/** @odoo-module **/
// MC-3/MC-4, RL-2: a telemarketing campaign from its targets to an
// opportunity and a confirmed order, after which the partner is a customer.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_marketing_campaign_tour", {
    steps: () => [
        {
            content: "Open the campaign from the kanban",
            trigger: ".o_kanban_record:contains(Tour Telemarketing)",
            run: "click",
        },
        {
            content: "Schedule one call per opted-in target",
            trigger: ".o_form_view button[name='action_contact_targets']:contains(Schedule Calls)",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(calls scheduled)",
        },
        {
            content: "Open the targets",
            trigger: ".o_form_view button[name='action_view_targets']",
            run: "click",
        },
        {
            content: "The target is a prospect now",
            trigger: ".o_data_row:contains(Tour MC Kund) .o_field_cell[name='relationship_stage']:contains(Prospect)",
        },
        {
            content: "Log the call's outcome from the list: positive",
            trigger: ".o_data_row:contains(Tour MC Kund) button[name='action_response_positive']",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour MC Kund) .o_field_cell[name='response']:contains(Positive)",
        },
        {
            content: "One click starts the sales process",
            trigger: ".o_data_row:contains(Tour MC Kund) button[name='action_start_sales_process']",
            run: "click",
        },
        {
            content: "The opportunity carries the campaign",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(Tour MC Kund)",
        },
        {
            trigger: ".o_form_view button[name='action_sale_quotations_new']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(Tour MC Kund)",
        },
        {
            trigger: ".o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='product_template_id'] input",
            run: "edit Tour MC Service",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour MC Service)",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_cell[name='price_subtotal']:contains(250)",
        },
        ...stepUtils.saveForm(),
        {
            content: "Confirm",
            trigger: ".o_statusbar_buttons button[name='action_confirm']:not(.d-none)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
    ],
});
