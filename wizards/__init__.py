from . import sale_advance_payment_inv
from . import stock_invoice_packing_slips
