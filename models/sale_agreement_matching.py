# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Helpers of the sales agreements (AG) for order lines: what a line
releases, and the candidates of a batch of lines (no model here)."""

from collections import defaultdict
from collections import namedtuple

from odoo.tools import float_compare


class AgreementRelease(
    namedtuple("AgreementRelease", "agreement_line_id qty amount rounding currency")
):
    def exceeds(self, before):
        """Whether this release is more than ``before``: another agreement
        line, a larger quantity or a larger amount."""
        if not self.agreement_line_id:
            return False
        if self.agreement_line_id != before.agreement_line_id:
            return True
        return (
            float_compare(self.qty, before.qty, precision_rounding=self.rounding) > 0
            or self.currency.compare_amounts(self.amount, before.amount) > 0
        )


class AgreementCandidates:
    """The effective agreement lines that may apply to a batch of order lines
    (sale.order.line._get_agreement_candidates), indexed once by product and
    by category so that each order line only looks at the agreement lines of
    its product and of its category path."""

    def __init__(self, records):
        self.records = records
        self._index = defaultdict(list)
        for record in records:
            if record.product_id:
                self._index["product", record.product_id.id].append(record.id)
            elif record.categ_id:
                self._index["categ", record.categ_id.id].append(record.id)
            else:
                self._index["any", 0].append(record.id)

    def for_line(self, line):
        """The candidates for the product of ``line`` (sale.order.line)."""
        product = line.product_id
        ids = list(self._index.get(("product", product.id), ()))
        for categ_id in product.categ_id._get_path_ids():
            ids += self._index.get(("categ", categ_id), ())
        ids += self._index.get(("any", 0), ())
        return self.records.browse(ids)
