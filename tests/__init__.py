from . import test_agreement
from . import test_i18n
from . import test_invoicing
from . import test_order_type
from . import test_remainder_status
from . import test_ui_agreement
from . import test_ui_invoicing
from . import test_ui_order_type
