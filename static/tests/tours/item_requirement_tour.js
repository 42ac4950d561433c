/** @odoo-module **/
// OT-5: material recorded on a task becomes a line of the project's item
// requirement order, opened from the task's smart button.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("sales_marketing_item_requirement_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook a.nav-link:contains(Materials)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='material_ids'] .o_field_x2many_list_row_add > a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='material_ids'] .o_field_widget[name='product_id'] input",
            run: "edit Tour Cable Drum",
        },
        {
            trigger: ".ui-menu-item > a:contains(Tour Cable Drum)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='material_ids'] .o_field_widget[name='product_uom_qty'] input",
            run: "edit 3",
        },
        ...stepUtils.saveForm(),
        {
            content: "The item requirement order exists",
            trigger: "button[name='action_view_item_requirement_orders'] .o_stat_value:contains(1)",
        },
        {
            trigger: "button[name='action_view_item_requirement_orders']",
            run: "click",
        },
        {
            content: "An item requirement order for the project's customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id']:contains(Tour Projektkund)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='order_type']:contains(Item requirement)",
        },
        {
            trigger: ".o_data_row .o_field_cell[name='product_uom_qty']:contains(3)",
        },
    ],
});
