"""The supervisor's desk: a wallboard of the live floor, interventions from the keyboard,
and the reports tab. Opened by ``loancs console`` for supervisors and admins, and by
``loancs queues``. It talks to the server only through the protocol."""
