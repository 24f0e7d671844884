-- county_fiscal_context: one county's general public budget expenditure and existing PPP fiscal obligations per
-- year from a first scenario year on — the fiscal context (CountyContext) of a financing scenario's 10 % / 7 % / 5 %
-- lines (财金〔2015〕21号, 财金〔2019〕10号; docs/domain.md §5a, PFRAM "with vs without" view §6). The obligations
-- include every library project's stream; a scenario that models one of them takes it out first
-- (governance.core.finance.exclude_project). No rows: the county has no budget data.
-- Parameters: $county_code (GB/T 2260 county code), $first_year (INTEGER, scenario year 1).
SELECT b.county_code, g.county_name, g.city_name, b.year, b.budget_kind, b.gpb_expenditure, b.ppp_obligations,
       b.ppp_obligations / b.gpb_expenditure AS obligation_share
FROM budgets b
JOIN region_groups g ON g.county_code = b.county_code
WHERE b.county_code = $county_code AND b.year >= $first_year
ORDER BY b.year;
