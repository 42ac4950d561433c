from . import account_account_free_text
from . import account_free_text_template
from . import account_free_text_template_distribution
from . import account_free_text_template_line
from . import account_move_free_text
from . import account_move_line_free_text
from . import account_move_proforma
from . import account_move_returns
from . import account_move_slip_invoicing
from . import account_posting_profile

# isort: off
# the line mixin extends the report mixin: it is defined first
from . import backorder_report_mixin
from . import backorder_line_report_mixin

# isort: on
from . import crm_lead_lifecycle
from . import mail_activity_marketing
from . import mailing_mailing_marketing
from . import mailing_trace_marketing
from . import product_category
from . import product_template_backorder
from . import project_task_item_requirement
from . import project_task_material
from . import purchase_backorder_line
from . import report_account_move_proforma
from . import res_company_returns
from . import res_company_suggestion
from . import res_config_settings_returns
from . import res_config_settings_suggestion
from . import res_partner_lifecycle
from . import res_partner_slip_invoicing
from . import res_partner_stage_history
from . import res_partner_stage_report
from . import sale_agreement
from . import sale_agreement_classification
from . import sale_agreement_fulfilment
from . import sale_agreement_line
from . import sale_agreement_line_fulfilment
from . import sale_agreement_version
from . import sale_backorder_item
from . import sale_backorder_line
from . import sale_campaign_report
from . import sale_campaign_target
from . import sale_campaign_target_mailing
from . import sale_campaign_target_sales_process
from . import sale_campaign_target_stage
from . import sale_campaign_target_telemarketing
from . import sale_on_time_report
from . import sale_order
from . import sale_order_agreement
from . import sale_order_backorder
from . import sale_order_item_requirement
from . import sale_order_lifecycle
from . import sale_order_line
from . import sale_order_line_agreement
from . import sale_order_line_agreement_release
from . import sale_order_line_on_time
from . import sale_order_line_remainder_cancel
from . import sale_order_line_returns

# isort: off
# after the returns extension: around it, so that the order priority also
# reaches the return receipts (see sale_order_line_backorder.py)
from . import sale_order_line_backorder
from . import sale_order_line_backorder_reschedule

# isort: on
from . import sale_order_line_slip_invoicing
from . import sale_order_line_subscription
from . import sale_order_line_suggestion
from . import sale_order_proforma
from . import sale_order_remainder_cancel
from . import sale_order_returns
from . import sale_order_slip_invoicing
from . import sale_order_subscription
from . import sale_order_subscription_job
from . import sale_order_subscription_templates
from . import sale_order_suggestion
from . import sale_order_type_defaults
from . import sale_order_type_setting
from . import sale_return_charge_mixin
from . import sale_return_code_mixin
from . import sale_return_disposition
from . import sale_return_reason
from . import sale_return_reason_group
from . import sale_subscription_period
from . import sale_subscription_period_line
from . import sale_suggestion_event
from . import sale_suggestion_rule
from . import stock_move_backorder
from . import stock_move_remainder_cancel
from . import stock_move_returns
from . import stock_move_slip_invoicing
from . import stock_picking_returns
from . import stock_picking_slip_invoicing
from . import stock_warehouse_subscription
from . import utm_campaign_marketing
from . import utm_campaign_sms
from . import utm_campaign_stage
from . import utm_campaign_subcampaign
from . import utm_campaign_telemarketing
