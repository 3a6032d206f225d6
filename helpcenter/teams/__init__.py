"""Teams of the support company, the rules that route new tickets to them, and who in a
team takes each one."""
