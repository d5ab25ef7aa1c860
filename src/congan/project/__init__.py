"""The project app: the verbs that span every register (`congan import`, `demo`, `cleanse`,
`serve`) and the one way the project finds what each app offers (`discovery`)."""
