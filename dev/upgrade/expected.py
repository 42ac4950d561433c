"""What each release's migration changes on purpose, for the upgrade check
(dev/upgrade.sh, dev/upgrade/check.py). Everything not declared here must be
the same after `-u sales_marketing` as before it: every record, every value
(floats to 1e-6).

Keyed by the version whose migrations/<version>/ scripts make the change: the
check applies the entries of every version after the release it upgrades from
up to the manifest's version. An entry may hold:

- "renamed_models": {old model: new model}
- "renamed_fields": {model: {old field: new field}}     (model: its old name)
- "removed_models": {model: why}
- "removed_fields": {model: {field: why}}               (e.g. moved elsewhere)
- "changed_fields": {model: {field: why | {old value: new value}}}
      a string: the values may change (say why); a dict: each old value
      becomes the mapped one (selection codes...), the others stay as they are
- "added_records", "removed_records": {model: why}
- "checks": [function(before, after) -> [problem, ...]]
      what the migration guarantees instead, checked on the two snapshots
      (layout in dev/upgrade/snapshot.py)

Example, the redesign moving the commitment type from the agreement to its
lines (a post- script copies it):

    def _commitment_type_on_lines(before, after):
        old = before["records"]["sale.agreement"]
        return [
            f"agreement line {line_id}: {line['commitment_type']}, its agreement "
            f"had {old[str(line['agreement_id'])]['commitment_type']}"
            for line_id, line in after["records"]["sale.agreement.line"].items()
            if str(line["agreement_id"]) in old
            and line["commitment_type"]
            != old[str(line["agreement_id"])]["commitment_type"]
        ]

    EXPECTED = {
        "18.0.2.0.0": {
            "removed_fields": {
                "sale.agreement": {"commitment_type": "per line now"},
            },
            "checks": [_commitment_type_on_lines],
        },
    }
"""


# -- agreements (AG-8..AG-13) ------------------------------------------------------
def _agreement_lines_keep_header_values(before, after):
    """AG-8: each agreement line carries its agreement's former commitment
    type and maximum-is-enforced setting (pre-agreement-line-commitments.py)."""
    old = before["records"]["sale.agreement"]
    problems = []
    for line_id, line in after["records"].get("sale.agreement.line", {}).items():
        agreement = old.get(str(line["agreement_id"]))
        if not agreement:
            continue
        for name in ("commitment_type", "max_is_enforced"):
            if line[name] != agreement[name]:
                problems.append(
                    f"agreement line {line_id}: {name} {line[name]!r}, its agreement "
                    f"had {agreement[name]!r}"
                )
    return problems


def _agreements_classified(before, after):
    """AG-12: every agreement has a classification after the upgrade."""
    return [
        f"agreement {agreement_id} has no classification"
        for agreement_id, agreement in after["records"]
        .get("sale.agreement", {})
        .items()
        if not agreement.get("classification_id")
    ]


# RT-8: the fulfilment is computed (not stored); a returned order of a released
# line now lowers it, so the agreements of returned goods show less
_RT8 = (
    "RT-8: what returned orders received lowers the delivered figures, what they "
    "credited the invoiced and released ones (fulfilment is no longer overstated)"
)


EXPECTED = {
    # 18.0.1.0.0 is the first release: nothing is migrated to it.
    "18.0.2.0.0": {
        "removed_fields": {
            "crm.lead": {
                "campaign_target_ids": "never shown nor used: the targets of a "
                "lead are sale.campaign.target records with this lead_id",
            },
        },
    },
    "18.0.3.0.0": {
        # -- agreements (AG-8..AG-13) --
        "changed_fields": {
            "sale.agreement": dict.fromkeys(
                [
                    "amount_released",
                    "amount_delivered",
                    "amount_invoiced",
                    "amount_remaining",
                    "fulfilment_percent",
                ],
                _RT8,
            ),
            "sale.agreement.line": dict.fromkeys(
                [
                    "qty_released",
                    "qty_delivered",
                    "qty_invoiced",
                    "qty_remaining",
                    "amount_released",
                    "amount_delivered",
                    "amount_invoiced",
                    "amount_remaining",
                    "fulfilment_percent",
                ],
                _RT8,
            ),
        },
        "added_records": {
            "sale.agreement.classification": "the Standard and Framework agreement "
            "classifications (data)",
            # -- returns (issue 24): the restocking charge product of RT-7 (data)
            "product.template": "returns: the Restocking charge service product "
            "(data/sale_return_disposition_data.xml) of restocking charge lines",
            "product.product": "returns: the Restocking charge product's variant",
        },
        "checks": [_agreement_lines_keep_header_values, _agreements_classified],
        # suggestions (XS-6): new fields only (sale.suggestion.rule priority,
        # crosssell_qty_mode, crosssell_qty, crosssell_qty_ratio,
        # skip_out_of_stock; res.company.sales_suggestions_enabled), whose
        # defaults keep what existing rules did: nothing users see changes
    },
}
