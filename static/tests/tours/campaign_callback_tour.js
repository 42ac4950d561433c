/** @odoo-module **/
// MC-6/MC-7: a telemarketing campaign with a follow-up date and a callback:
// the stage moves to Response, a No answer plans the next call and counts
// the attempt.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_marketing_campaign_callback_tour", {
    steps: () => [
        {
            content: "Open the campaign from the kanban",
            trigger: ".o_kanban_record:contains(Tour Callback)",
            run: "click",
        },
        {
            content: "Callbacks: after 2 days, at most 3 calls",
            trigger: ".o_form_view .o_field_widget[name='callback_delay_days'] input:value(2)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='callback_max_attempts'] input:value(3)",
        },
        {
            content: "Set the follow-up date",
            trigger: ".o_form_view .o_field_widget[name='follow_up_date'] input",
            run: "edit 11/30/2026",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='title'] input",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The campaign is in process",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(In process)",
        },
        {
            content: "Responses are coming in",
            trigger: ".o_statusbar_status button:contains(Response)",
            run: "click",
        },
        {
            content: "The campaign is in the Response stage",
            trigger: ".o_statusbar_status button[aria-checked='true']:contains(Response)",
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
            content: "Nobody answers the call",
            trigger: ".o_data_row:contains(Tour Återuppringning) button[name='action_response_no_answer']",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour Återuppringning) .o_field_cell[name='response']:contains(No answer)",
        },
        {
            content: "First attempt counted, a callback is planned",
            trigger: ".o_data_row:contains(Tour Återuppringning) .o_field_cell[name='call_attempts']:contains(1)",
        },
        {
            content: "The callback: no answer again",
            trigger: ".o_data_row:contains(Tour Återuppringning) button[name='action_response_no_answer']",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour Återuppringning) .o_field_cell[name='call_attempts']:contains(2)",
        },
    ],
});
