import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { CreateWallet } from './CreateWallet.tsx';
import { UnlockWallet } from './UnlockWallet.tsx';
import { useWallet } from './use-wallet.ts';
import { WalletHome } from './WalletHome.tsx';

/** The wallet page: create, unlock or use the wallet of this browser. */
export function WalletPage() {
  const api = useWallet();
  return (
    <section aria-labelledby="wallet-title" className="page">
      <h1 id="wallet-title">Your wallet</h1>
      {api.phase === 'loading' && <Loading label="Opening your wallet" />}
      {api.phase === 'unavailable' && (
        <Alert tone="error" title="This browser cannot keep a wallet here">
          The wallet needs a secure (https) page with encryption and storage available. Open it over https,
          outside private browsing.
        </Alert>
      )}
      {api.phase === 'none' && <CreateWallet api={api} />}
      {api.phase === 'locked' && <UnlockWallet api={api} />}
      {api.phase === 'open' && api.wallet && <WalletHome api={api} wallet={api.wallet} />}
    </section>
  );
}
