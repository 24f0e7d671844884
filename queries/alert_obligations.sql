-- alert_obligations: candidates of the fiscal red-line alert — each county's PPP fiscal obligations as a share of its
-- general public budget expenditure in the fiscal year of the period end (财金〔2015〕21号, domain.md §5a).
-- Parameters: $region, $end_month (DATE).
SELECT x.county_code, g.county_name, g.city_name, x.year, CAST(x.year AS VARCHAR) AS subject, x.budget_kind,
       x.gpb_expenditure, x.ppp_obligations, 100.0 * x.obligation_share AS obligation_pct
FROM mart_obligations_county_year x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.year = year($end_month)
ORDER BY x.county_code;
