from . import res_partner_stage_wizard
from . import sale_advance_payment_inv_order_type
from . import sale_backorder_distribution
from . import sale_backorder_distribution_line
from . import sale_campaign_target_generate
from . import sale_order_return_wizard
from . import sale_order_return_wizard_line
from . import stock_invoice_packing_slips
