from . import sale_agreement
from . import sale_agreement_line
from . import sale_order
from . import sale_order_line
