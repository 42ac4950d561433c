from . import sale_advance_payment_inv
from . import sale_backorder_distribution
from . import sale_backorder_distribution_line
