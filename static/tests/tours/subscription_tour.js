/** @odoo-module **/
// OT-3: create a subscription and invoice its first period in the web client.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_marketing_subscription_tour", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Prenumerant",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Prenumerant)",
            run: "click",
        },
        {
            content: "A subscription, invoiced every 3 months",
            trigger: ".o_field_widget[name='order_type'] select:has(option:selected:contains(Subscription))",
        },
        {
            trigger: ".o_field_widget[name='recurrence_interval'] input",
            run: "edit 3",
        },
        {
            trigger: ".o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='product_template_id'] input",
            run: "edit Tour Support Plan",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Support Plan)",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_cell[name='price_subtotal']:contains(300)",
        },
        ...stepUtils.saveForm(),
        {
            trigger: ".o_statusbar_buttons button[name='action_confirm']:not(.d-none)",
            run: "click",
        },
        {
            content: "The next invoice date is known",
            trigger: ".o_field_widget[name='next_invoice_date']:not(:empty)",
        },
        {
            content: "Invoice the first period",
            trigger: ".o_statusbar_buttons button.o_invoice_subscription_period",
            run: "click",
        },
        {
            content: "The period is in the history",
            trigger: "button[name='action_view_subscription_periods'] .o_stat_value:contains(1)",
        },
        {
            trigger: "button[name='action_view_subscription_periods']",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_data_cell[name='invoice_id']:not(:empty)",
        },
    ],
});
