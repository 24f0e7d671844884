-- mart_obligations_county_year: each county's PPP fiscal obligations against its general public budget
-- expenditure, per year (财金〔2015〕21号 red line: ≤10 %; no new government-pay PPP above 5 %; docs/domain.md §5a).
-- library_project_payments: what the project library owes that year — the yearly streams of project_payments
-- (governance/core/finance/library.py: the compounding 21号 stream of an existing PPP, the same the county budgets'
-- ppp_obligations include), not each project's first-year payment repeated.
CREATE OR REPLACE TABLE mart_obligations_county_year AS
WITH proj AS (
    SELECT county_code, year, sum(payment) AS project_payments, count(DISTINCT project_id) AS paying_projects
    FROM project_payments
    GROUP BY ALL
)
SELECT b.county_code, b.year, b.budget_kind, b.gpb_expenditure, b.ppp_obligations,
       coalesce(proj.project_payments, 0) AS library_project_payments, coalesce(proj.paying_projects, 0) AS paying_projects,
       b.ppp_obligations / b.gpb_expenditure AS obligation_share
FROM budgets b LEFT JOIN proj ON proj.county_code = b.county_code AND proj.year = b.year
ORDER BY b.county_code, b.year;
