from . import backorder_report_mixin
from . import product_template
from . import purchase_backorder_line
from . import purchase_order_line
from . import sale_backorder_item
from . import sale_backorder_line
from . import sale_order
from . import sale_order_line
