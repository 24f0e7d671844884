-- alert_obligations: candidates of the fiscal red-line alerts — each county's PPP fiscal obligations as a share of its
-- general public budget expenditure in the fiscal year of the period end (财金〔2015〕21号, 财金〔2019〕10号;
-- docs/domain.md §5a), with the colour band of that share (green ≤ 7 %, amber 7–10 %, red > 10 %:
-- governance.core.thresholds.red_line_band) so a rule can pick one band.
-- Parameters: $region, $end_month (DATE); $no_new_ppp_share, $risk_notice_share (supplied by the query runner).
SELECT x.county_code, g.county_name, g.city_name, x.year, CAST(x.year AS VARCHAR) AS subject, x.budget_kind,
       x.gpb_expenditure, x.ppp_obligations, 100.0 * x.obligation_share AS obligation_pct,
       CASE WHEN x.obligation_share > $no_new_ppp_share THEN 'red'
            WHEN x.obligation_share > $risk_notice_share THEN 'amber' ELSE 'green' END AS red_line_band
FROM mart_obligations_county_year x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.year = year($end_month)
ORDER BY x.county_code;
