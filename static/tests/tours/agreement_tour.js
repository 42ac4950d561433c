/** @odoo-module **/
// New agreement (on hold) -> confirm (version 1) -> release dialog (quantity
// and requested date of this call-off) -> quotation with the agreement price.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_marketing_agreement_tour", {
    steps: () => [
        {
            content: "New agreement",
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Agreement Kund",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Agreement Kund)",
            run: "click",
        },
        {
            content: "Add a line",
            trigger: ".o_field_widget[name='line_ids'] .o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_field_widget[name='product_id'] input",
            run: "edit Tour Agreement Widget",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Agreement Widget)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_field_widget[name='qty_committed'] input",
            run: "edit 10",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_field_widget[name='price_unit'] input",
            run: "edit 33",
        },
        ...stepUtils.saveForm(),
        {
            content: "A new agreement is on hold",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(On hold)",
        },
        {
            trigger: ".o_form_view .ribbon:contains(On hold)",
        },
        {
            content: "Confirm it: it becomes effective and stores version 1",
            trigger: ".o_statusbar_buttons button[name='action_confirm']:contains(Confirm)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Effective)",
        },
        {
            trigger: "button[name='action_view_versions'] .o_stat_value:contains(1)",
        },
        {
            content: "Open the release dialog",
            trigger: ".o_statusbar_buttons button[name='action_create_release_order']",
            run: "click",
        },
        {
            content: "The dialog proposes the remaining quantity",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row .o_field_cell[name='quantity']:contains(10.00)",
        },
        {
            content: "This call-off: 4 units",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row .o_field_cell[name='quantity']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row .o_field_widget[name='quantity'] input",
            run: "edit 4",
        },
        {
            content: "Create the quotation from the dialog",
            trigger: ".modal footer button[name='action_create']",
            run: "click",
        },
        {
            content: "The release order has the agreement price",
            trigger: ".o_sale_order .o_field_cell[name='price_unit']:contains(33.00)",
        },
        {
            trigger: ".o_sale_order .o_field_cell[name='product_uom_qty']:contains(4.00)",
        },

        {
            trigger: ".o_sale_order .o_field_cell[name='price_source'] .badge:contains(Sales agreement)",
        },
    ],
});
