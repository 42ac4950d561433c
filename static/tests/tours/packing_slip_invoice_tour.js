/** @odoo-module **/
// Two packing slips of two orders of one customer -> one invoice, via the wizard.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_marketing_packing_slip_invoice_tour", {
    steps: () => [
        {
            content: "Choose the customer",
            trigger: ".modal .o_field_widget[name='partner_ids'] input",
            run: "edit Tour Slip Kund",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Slip Kund)",
            run: "click",
        },
        {
            content: "Its two packing slips are proposed",
            trigger: ".modal .o_field_widget[name='picking_ids'] .o_data_row:nth-child(2)",
        },
        {
            trigger: ".modal .o_field_widget[name='picking_ids']:not(:has(.o_data_row:nth-child(3)))",
        },
        {
            content: "Invoice them",
            trigger: ".modal button[name='action_create_invoices']",
            run: "click",
        },
        {
            content: "One invoice with the lines of both orders",
            trigger: ".o_form_view .o_field_widget[name='invoice_line_ids'] .o_data_row:nth-child(2)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='packing_slip_ids'] .o_tag:nth-child(2)",
        },
    ],
});
