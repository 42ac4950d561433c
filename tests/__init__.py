from . import test_backorder_access
from . import test_backorder_distribution
from . import test_backorders
from . import test_order_type
from . import test_remainder_status
from . import test_ui_backorders
from . import test_ui_order_type
