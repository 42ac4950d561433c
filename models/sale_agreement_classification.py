# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models


class SaleAgreementClassification(models.Model):
    """AG-12: how agreements are classified (D365 *agreement classification*),
    e.g. framework agreement, annual contract."""

    _name = "sale.agreement.classification"
    _description = "Sales Agreement Classification"
    _order = "sequence, name, id"
    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A classification of this name already exists.",
        ),
    ]

    # === FIELDS ===

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to use the classification in every company.",
    )
    description = fields.Text(translate=True)

    # === BUSINESS METHODS ===

    def _get_default(self):
        """The classification of a new agreement: the module's *Standard*
        one, else the first active one of the company. (Looked up by its XML
        id first: while the module is installed or upgraded the table may not
        exist yet.)"""
        standard = self.env.ref(
            "sales_marketing.sale_agreement_classification_standard",
            raise_if_not_found=False,
        )
        if not standard:
            return self.browse()
        if standard.active:
            return standard
        return self.search(
            [("company_id", "in", (False, self.env.company.id))], limit=1
        )
