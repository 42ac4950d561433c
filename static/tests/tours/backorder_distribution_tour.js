/** @odoo-module **/
// Backorders by item -> distribute the stock of an item by priority (BO-2, BO-3).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_marketing_backorder_distribution_tour", {
    url: "/odoo/action-sales_marketing.sale_backorder_item_action",
    steps: () => [
        {
            content: "The item is short: 8 ordered, 5 on hand",
            trigger: ".o_data_row:contains(Tour Bolt) td[name='qty_shortfall']:contains(3.00)",
        },
        {
            content: "Distribute its stock",
            trigger: ".o_data_row:contains(Tour Bolt) button[name='action_distribute_stock']",
            run: "click",
        },
        {
            content: "The urgent order comes first and gets all it needs",
            trigger:
                ".modal .o_data_row:first-child:contains(Tour Brådskande AB) td[name='qty_allocated']:contains(3.00)",
        },
        {
            content: "The normal order keeps the rest",
            trigger:
                ".modal .o_data_row:nth-child(2):contains(Tour Vanlig AB) td[name='qty_reserved']:contains(5.00)",
        },
        {
            content: "Reserve only 1 for the normal order",
            trigger: ".modal .o_data_row:nth-child(2) td[name='qty_allocated']",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:nth-child(2) td[name='qty_allocated'] input",
            run: "edit 1",
        },
        {
            content: "Propose again: the hand-set quantity is kept",
            trigger: ".modal footer button[name='action_propose']",
            run: "click",
        },
        {
            content: "1 unit is left",
            trigger: ".modal .o_field_widget[name='qty_unallocated']:contains(1.00)",
        },
        {
            content: "Apply",
            trigger: ".modal footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "Who got what",
            trigger: ".modal .alert-success",
        },
        {
            trigger:
                ".modal .o_data_row:first-child:contains(Tour Brådskande AB) td[name='qty_result']:contains(3.00)",
        },
        {
            trigger:
                ".modal .o_data_row:nth-child(2):contains(Tour Vanlig AB) td[name='qty_result']:contains(1.00)",
        },
        {
            content: "Close",
            trigger: ".modal footer button:contains(Close)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
