/** @odoo-module **/
// IN-5: a customer's month of packing slips invoiced in its own "order" mode:
// one invoice per sales order, from the wizard.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_marketing_slip_invoicing_order_mode_tour", {
    steps: () => [
        {
            content: "Choose the customer",
            trigger: ".modal .o_field_widget[name='partner_ids'] input",
            run: "edit Tour Månadskund",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Månadskund)",
            run: "click",
        },
        {
            content: "The customer's own summary update is proposed",
            trigger: ".modal .o_field_widget[name='summary_mode'] select:has(option:selected:contains(Order))",
        },
        {
            content: "Its four packing slips of the month are listed",
            trigger: ".modal .o_field_widget[name='picking_ids'] .o_data_row:nth-child(4)",
        },
        {
            trigger: ".modal .o_field_widget[name='picking_ids']:not(:has(.o_data_row:nth-child(5)))",
        },
        {
            content: "Invoice them",
            trigger: ".modal button[name='action_create_invoices']",
            run: "click",
        },
        {
            content: "One invoice per order: two invoices",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(3)))",
        },
    ],
});
