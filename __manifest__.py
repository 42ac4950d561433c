# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Sales and Marketing",
    "summary": "Dynamics 365 style sales and marketing flow: campaigns, partner "
    "lifecycle, order types, sales agreements, up/cross-sell, backorders, "
    "invoicing from packing slips, free-text and pro-forma invoices",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "sales_marketing contributors",
    "website": "https://github.com/sales-marketing/sales_marketing",
    "development_status": "Beta",
    "maintainers": [],
    "external_dependencies": {"python": ["python-dateutil"]},
    "depends": [
        "sale_management",
        "sale_stock",
        "sale_crm",
        "sale_project",
        "purchase_stock",
        "mass_mailing",
        "mass_mailing_crm",
        "mass_mailing_sale",
    ],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "views/sale_order_views.xml",
        "views/sale_order_line_views.xml",
        "views/sale_backorder_line_views.xml",
        "views/sale_backorder_item_views.xml",
        "views/purchase_backorder_line_views.xml",
        "wizards/sale_backorder_distribution_views.xml",
        "views/product_template_views.xml",
        "views/product_product_views.xml",
        "views/menus.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": [
            "sales_marketing/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
