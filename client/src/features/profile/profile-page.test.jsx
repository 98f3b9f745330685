import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '../../components/toast';
import { AuthContext } from '../auth/auth-context';
import { updateProfile } from './api';
import { ProfilePage } from './profile-page';

vi.mock('./api', () => ({ updateProfile: vi.fn() }));

const user = {
  id: 'a'.repeat(24),
  name: 'Ada',
  skills: ['python'],
  experience_level: 'Intermediate',
  timezone: 'Europe/Berlin',
  availability: [{ day: 'Monday', time_slots: ['09:00-12:00'] }],
  bio: '',
};

function renderPage() {
  const setUser = vi.fn();
  render(
    <AuthContext.Provider value={{ user, setUser }}>
      <ToastProvider>
        <ProfilePage />
      </ToastProvider>
    </AuthContext.Provider>,
  );
  return { setUser };
}

describe('the profile page', () => {
  beforeEach(() => {
    updateProfile.mockReset();
  });

  it('shows an overlap error beside the range and does not call the API', async () => {
    renderPage();
    await userEvent.click(
      screen.getByRole('button', { name: 'Add a range on Monday' }),
    );
    await userEvent.type(
      screen.getByLabelText('Monday range 2'),
      '11:00-13:00',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(screen.getByLabelText('Monday range 2')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByText('Overlaps another range on this day'),
    ).toBeVisible();
    expect(updateProfile).not.toHaveBeenCalled();
  });

  it('shows the field errors the API returns next to the right range', async () => {
    const error = Object.assign(new Error('Request body is invalid.'), {
      fieldErrors: () => ({
        'availability.0.time_slots.0': 'end must be after start',
      }),
    });
    updateProfile.mockImplementation(async () => {
      throw error;
    });
    renderPage();

    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    const shown = await screen.findByText('end must be after start');
    expect(shown).toBeVisible();
  });

  it('saves a valid profile with only the filled days', async () => {
    updateProfile.mockResolvedValue({ user });
    const { setUser } = renderPage();

    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(updateProfile).toHaveBeenCalledWith(
      expect.objectContaining({
        timezone: 'Europe/Berlin',
        availability: [{ day: 'Monday', time_slots: ['09:00-12:00'] }],
      }),
    );
    expect(setUser).toHaveBeenCalledWith(user);
  });
});
