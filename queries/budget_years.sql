-- budget_years: the budget years in the warehouse and the current budget year (the first 预算 year, else the year
-- after the last 决算) — the choices for a financing scenario's first year.
-- Parameters: none.
SELECT min(year) AS first_year, max(year) AS last_year,
       coalesce(min(year) FILTER (budget_kind = '预算'), max(year) FILTER (budget_kind = '决算') + 1, min(year))
           AS budget_year
FROM budgets;
