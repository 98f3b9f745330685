import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api';
import { signUp } from './api';
import { AuthContext } from './auth-context';
import { AuthForm } from './auth-form';

vi.mock('./api', () => ({ signUp: vi.fn(), logIn: vi.fn() }));

describe('the sign-up form', () => {
  it('shows each field error from the API under its field', async () => {
    signUp.mockImplementation(async () => {
      throw new ApiError(400, {
        error: {
          code: 'validation_error',
          message: 'Request body is invalid.',
          details: [{ field: 'password', message: 'password is too short' }],
        },
      });
    });
    const startSession = vi.fn();
    render(
      <MemoryRouter>
        <AuthContext.Provider value={{ startSession }}>
          <AuthForm mode="signup" />
        </AuthContext.Provider>
      </MemoryRouter>,
    );

    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));

    expect(await screen.findByText('password is too short')).toBeVisible();
    expect(screen.getByLabelText('Password')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(startSession).not.toHaveBeenCalled();
  });
});
