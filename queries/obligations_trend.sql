-- obligations_trend: the PPP fiscal red line over the years for a region — obligations against general public budget
-- expenditure for the region as a whole, the highest county share, and how many counties are over 5 % (no new
-- government-pay project), over 7 % (财金〔2019〕10号 risk notice) and over 10 % (财金〔2015〕21号 red line;
-- docs/domain.md §5a). Projections (预测) included.
-- Parameters: $region, $first_year, $last_year (INTEGER, inclusive); $no_new_ppp_share, $risk_notice_share,
-- $no_new_government_pay_share (fractions, supplied by the query runner from governance.core.thresholds.RED_LINES).
SELECT x.year, min(x.budget_kind) AS budget_kind, count(*) AS counties,
       sum(x.ppp_obligations) AS ppp_obligations, sum(x.gpb_expenditure) AS gpb_expenditure,
       obligation_pct(sum(x.ppp_obligations), sum(x.gpb_expenditure)) AS obligation_pct,
       100.0 * max(x.obligation_share) AS max_county_obligation_pct,
       count(*) FILTER (x.obligation_share > $no_new_government_pay_share) AS counties_over_5pct,
       count(*) FILTER (x.obligation_share > $risk_notice_share) AS counties_over_7pct,
       count(*) FILTER (x.obligation_share > $no_new_ppp_share) AS counties_over_10pct
FROM mart_obligations_county_year x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.year BETWEEN $first_year AND $last_year
GROUP BY x.year
ORDER BY x.year;
