-- A logged-in user may change their password (recorded as a security event).
ALTER TABLE security_event DROP CONSTRAINT security_event_kind_check;
ALTER TABLE security_event ADD CONSTRAINT security_event_kind_check CHECK (kind IN ('login_success',
  'login_failure', 'login_throttled', 'logout', 'second_factor_success', 'second_factor_failure',
  'second_factor_enrolled', 'recovery_code_used', 'invitation_sent', 'invitation_accepted',
  'password_reset_requested', 'password_reset_done', 'session_revoked', 'password_changed'));
