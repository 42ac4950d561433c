/** @odoo-module **/
// RS-5: cancel part of a remainder on the order; BO-5/BO-6: reschedule the
// sales lines waiting on a late purchase from the by-vendor workbench, with
// the delay notice sent to the customer.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_marketing_cancel_remainder_tour", {
    steps: () => [
        {
            content: "Cancel part of the remainder",
            trigger: ".o_statusbar_buttons button[name='action_open_cancel_remainder_wizard']",
            run: "click",
        },
        {
            content: "Why",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: "edit Kunden avbeställde",
        },
        {
            content: "The line's deliver remainder is proposed",
            trigger: ".modal .o_data_row:contains(Tour Cancel Bolt) td[name='qty_deliver_remainder']:contains(10.00)",
        },
        {
            trigger: ".modal .o_data_row:contains(Tour Cancel Bolt) td[name='qty_to_cancel']",
            run: "click",
        },
        {
            content: "Cancel 4 of the 10",
            trigger: ".modal .o_data_row td[name='qty_to_cancel'] input",
            run: "edit 4",
        },
        {
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The chatter says what was cancelled and why",
            trigger: ".o-mail-Message:contains(Kunden avbeställde)",
        },
    ],
});

registry.category("web_tour.tours").add("sales_marketing_reschedule_tour", {
    url: "/odoo/action-sales_marketing.purchase_backorder_line_action",
    steps: () => [
        {
            content: "Open the vendor's group",
            trigger: ".o_group_header:contains(Tour Leverantör AB)",
            run: "click",
        },
        {
            content: "Select the late purchase line",
            trigger:
                ".o_data_row:contains(Tour Late Bolt) .o_list_record_selector input[type='checkbox']",
            run: "click",
        },
        {
            trigger: ".o_cp_action_menus button:contains(Actions)",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:contains(Reschedule Sales Lines)",
            run: "click",
        },
        {
            content: "The dates come from the purchase lines",
            trigger: ".modal div[name='mode'] .form-check:has(input:checked):contains(purchase lines)",
        },
        {
            content: "The waiting sales line moves to the purchase's expected date",
            trigger: ".modal .o_data_row:contains(Tour Försenad AB) td[name='supply_reference']:contains(P0)",
        },
        {
            content: "A delay notice is offered",
            trigger: ".modal .o_field_widget[name='send_delay_notice'] input:checked",
        },
        {
            trigger: ".modal footer button[name='action_apply']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
