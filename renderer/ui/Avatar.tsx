// The admin's picture when one is set, else their initials on a coloured disc.
import { initials } from '../i18n/format';

interface AvatarProps {
  person: { firstName: string; lastName: string; username: string; avatar: string | null };
  size?: 'normal' | 'large' | 'huge';
}

export function Avatar({ person, size = 'normal' }: AvatarProps) {
  const className = `avatar${size === 'normal' ? '' : ` avatar-${size}`}`;
  // Decorative: the name is always written next to it or in the button's label.
  if (person.avatar) return <img className={`${className} avatar-image`} src={person.avatar} alt="" aria-hidden="true" />;
  return (
    <span className={className} aria-hidden="true">
      {initials(person)}
    </span>
  );
}
