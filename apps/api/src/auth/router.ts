import { router } from '../trpc/init.ts';
import { login } from './procedures/login.ts';
import { enrolTotp, totpSetup, verifySecondFactor } from './procedures/second-factor.ts';
import { logout, me, switchMembership } from './procedures/session.ts';
import {
  acceptInvitation,
  invitationInfo,
  requestPasswordReset,
  resetPassword,
  passwordResetInfo,
} from './procedures/single-use-links.ts';
import { changePassword } from './procedures/change-password.ts';

export const authRouter = router({
  login,
  logout,
  me,
  switchMembership,
  totpSetup,
  enrolTotp,
  verifySecondFactor,
  invitationInfo,
  acceptInvitation,
  requestPasswordReset,
  resetPassword,
  passwordResetInfo,
  changePassword,
});
