-- mart_obligations_county_year: each county's PPP fiscal obligations against its general public budget
-- expenditure, per year (财金〔2015〕21号 red line: ≤10 %; no new government-pay PPP above 5 %; docs/domain.md §5a).
CREATE OR REPLACE TABLE mart_obligations_county_year AS
WITH proj AS (
    SELECT p.county_code, y.year, sum(p.annual_gov_payment) AS project_payments, count(*) AS paying_projects
    FROM projects p, range(2000, 2101) y(year)
    WHERE p.payment_start_year IS NOT NULL AND y.year BETWEEN p.payment_start_year AND p.payment_end_year
    GROUP BY ALL
)
SELECT b.county_code, b.year, b.budget_kind, b.gpb_expenditure, b.ppp_obligations,
       coalesce(proj.project_payments, 0) AS library_project_payments, coalesce(proj.paying_projects, 0) AS paying_projects,
       b.ppp_obligations / b.gpb_expenditure AS obligation_share
FROM budgets b LEFT JOIN proj ON proj.county_code = b.county_code AND proj.year = b.year
ORDER BY b.county_code, b.year;
