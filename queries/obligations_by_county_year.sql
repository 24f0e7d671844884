-- obligations_by_county_year: each county's PPP fiscal obligations per year against 10 % (and 5 %) of its
-- general public budget expenditure (财金〔2015〕21号; domain.md §5a).
-- Parameters: $region, $first_year, $last_year (INTEGER, inclusive).
SELECT x.county_code, g.county_name, g.city_name, x.year, x.budget_kind, x.gpb_expenditure, x.ppp_obligations,
       x.library_project_payments, x.paying_projects, 100.0 * x.obligation_share AS obligation_pct,
       0.10 * x.gpb_expenditure - x.ppp_obligations AS headroom_to_10pct,
       CASE WHEN x.obligation_share > 0.10 THEN 'over_10' WHEN x.obligation_share > 0.08 THEN 'near_10'
            WHEN x.obligation_share > 0.05 THEN 'over_5' ELSE 'ok' END AS red_line_status
FROM mart_obligations_county_year x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.year BETWEEN $first_year AND $last_year
ORDER BY x.county_code, x.year;
