# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0: the order form's Invoice Period button calls a server action;
the method ``button_invoice_subscription_period`` is gone.

The stored view still names that method, and the order form's other
extensions are validated (with it) before its new arch is loaded: point it at
the public method until the view is updated from the module's files."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_ui_view view
           SET arch_db = replace(
                   arch_db::text,
                   'button_invoice_subscription_period',
                   'action_invoice_subscription_period'
               )::jsonb
          FROM ir_model_data data
         WHERE data.model = 'ir.ui.view'
           AND data.res_id = view.id
           AND data.module = 'sales_marketing'
           AND data.name = 'sale_order_view_form_subscription'
        """
    )
