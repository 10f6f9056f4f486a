export { checkKeychain, KeychainError, keychainHint, type KeychainProblem, type KeychainStatus } from './keychain';
export { createSecretStore, MAX_SECRET_LENGTH, SecretNameError, type SecretStore, type SecretStoreOptions } from './store';
