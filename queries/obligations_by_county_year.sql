-- obligations_by_county_year: each county's PPP fiscal obligations per year against its general public budget
-- expenditure, with the line each share is over (财金〔2015〕21号 10 % red line; 财金〔2019〕10号 7 % risk notice;
-- 10号/〔2022〕119号 5 %: no new government-pay project; docs/domain.md §5a). red_line_status: over_10 | over_7 |
-- over_5 | ok — the cuts of governance.core.thresholds.red_line_status, whose RED_LINES the runner binds.
-- library_project_payments: the library projects' payments that year (project_payments: an existing PPP's 21号
-- stream, the one definition the county budgets' ppp_obligations include); paying_projects: how many pay.
-- Parameters: $region, $first_year, $last_year (INTEGER, inclusive); $no_new_ppp_share, $risk_notice_share,
-- $no_new_government_pay_share (fractions, supplied by the query runner from the RED_LINES table).
SELECT x.county_code, g.county_name, g.city_name, x.year, x.budget_kind, x.gpb_expenditure, x.ppp_obligations,
       x.library_project_payments, x.paying_projects, 100.0 * x.obligation_share AS obligation_pct,
       $no_new_ppp_share * x.gpb_expenditure - x.ppp_obligations AS headroom_to_10pct,
       CASE WHEN x.obligation_share > $no_new_ppp_share THEN 'over_10'
            WHEN x.obligation_share > $risk_notice_share THEN 'over_7'
            WHEN x.obligation_share > $no_new_government_pay_share THEN 'over_5' ELSE 'ok' END AS red_line_status
FROM mart_obligations_county_year x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.year BETWEEN $first_year AND $last_year
ORDER BY x.county_code, x.year;
