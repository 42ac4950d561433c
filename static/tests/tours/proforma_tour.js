/** @odoo-module **/
// A confirmed order invoiced in part: Print shows Odoo's PRO-FORMA Invoice
// (the old "next invoice" entry is gone), Send PRO-FORMA Invoice e-mails it.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_marketing_proforma_tour", {
    steps: () => [
        {
            content: "Open the Actions menu of the order",
            trigger: ".o_control_panel_breadcrumbs_actions i.fa-cog",
            run: "click",
        },
        {
            trigger: "button.o-dropdown:contains(Print)",
            run: "click",
        },
        {
            content: "Odoo's pro-forma is in the Print menu",
            trigger: ".o-dropdown--menu-submenu .o-dropdown-item:contains(PRO-FORMA Invoice)",
        },
        {
            trigger: ".o-dropdown--menu-submenu:not(:has(.o-dropdown-item:contains(next invoice)))",
        },
        {
            content: "Send the pro-forma, although the order has an invoice",
            trigger: ".o_statusbar_buttons button#send_proforma",
            run: "click",
        },
        {
            content: "The pro-forma e-mail with the pro-forma attached",
            trigger: ".modal .o_field_widget[name='subject'] input:value(/Pro-forma invoice/)",
        },
        {
            trigger: ".modal .o_field_widget[name='attachment_ids']:contains(PRO-FORMA)",
        },
        {
            trigger: ".modal button.o_mail_send:not([disabled])",
            run: "click",
        },
        {
            content: "It is in the chatter",
            trigger: ".o-mail-Message:contains(pro-forma invoice for order)",
        },
    ],
});
