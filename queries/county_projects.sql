-- county_projects: the existing projects of one county, as starting points for a financing scenario (investment,
-- programme, financing model, social capital, term and the yearly PPP payment already counted in the county's
-- obligations).
-- Parameters: $county_code (GB/T 2260 county code).
SELECT p.project_id, p.name, p.program, p.model, p.total_investment, p.social_capital, p.start_date, p.term_years,
       p.status, p.annual_gov_payment, p.payment_start_year, p.payment_end_year
FROM projects p
WHERE p.county_code = $county_code
ORDER BY p.start_date DESC, p.project_id;
