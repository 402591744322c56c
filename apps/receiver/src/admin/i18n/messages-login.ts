import { defineMessages } from './define-messages';

/**
 * The sign-in pages (the token form and a one-time link's landing page) and the messages of their routes.
 * `{adminToken}`, `{file}` and `{command}` mark a `<code>` element the page puts in.
 */
export const loginMessages = defineMessages({
  en: {
    'login.title': 'Sign in',
    'login.intro': "Operator dashboard. Sign in with the admin token ({adminToken}, or the file {file} in the data folder), or with an account's viewer token to see that account only.",
    'login.token': 'Admin or viewer token', 'login.submit': 'Sign in',
    'login.noToken': 'No token at hand? {command} on the server prints a link that signs you in once, within 10 minutes.',
    'login.codeSigningIn': 'Signing you in with a one-time link…', 'login.codeOpen': 'Open the dashboard',
    'login.tooManyCodes': 'Too many failed sign-ins from your address. Try again in {seconds} seconds.',
    'login.tooManyTokens': 'Too many wrong tokens from your address. Try again in {seconds} seconds.',
    'login.codeUsed': 'This sign-in link was already used or has expired (a link works once, for 10 minutes). Sign in with the admin token, or print a new link with `npx ghl-payments sign-in-link`.',
    'login.wrongToken': 'That token is not the admin token, nor the viewer token of an enabled account.',
    'login.notReadyLink': 'The database schema is not migrated yet; the receiver keeps retrying. Open the link again in a moment.',
    'login.notReadySignIn': 'The database schema is not migrated yet; the receiver keeps retrying. Sign in again in a moment.',
  },
  es: {
    'login.title': 'Ingresar',
    'login.intro': 'Panel del operador. Ingresá con el token de administración ({adminToken}, o el archivo {file} de la carpeta de datos), o con el token de consulta de una cuenta para ver solo esa cuenta.',
    'login.token': 'Token de administración o de consulta', 'login.submit': 'Ingresar',
    'login.noToken': '¿No tenés el token a mano? {command} en el servidor imprime un link que te hace ingresar una sola vez, dentro de los 10 minutos.',
    'login.codeSigningIn': 'Ingresando con un link de un solo uso…', 'login.codeOpen': 'Abrir el panel',
    'login.tooManyCodes': 'Demasiados ingresos fallidos desde tu dirección. Probá de nuevo en {seconds} segundos.',
    'login.tooManyTokens': 'Demasiados tokens incorrectos desde tu dirección. Probá de nuevo en {seconds} segundos.',
    'login.codeUsed': 'Este link de ingreso ya se usó o venció (un link sirve una vez, durante 10 minutos). Ingresá con el token de administración, o generá un link nuevo con `npx ghl-payments sign-in-link`.',
    'login.wrongToken': 'Ese token no es el de administración ni el token de consulta de una cuenta activa.',
    'login.notReadyLink': 'El esquema de la base de datos todavía no está migrado; el receptor sigue intentando. Abrí el link de nuevo en un momento.',
    'login.notReadySignIn': 'El esquema de la base de datos todavía no está migrado; el receptor sigue intentando. Ingresá de nuevo en un momento.',
  },
  'pt-BR': {
    'login.title': 'Entrar',
    'login.intro': 'Painel do operador. Entre com o token de administração ({adminToken}, ou o arquivo {file} da pasta de dados), ou com o token de consulta de uma conta para ver só essa conta.',
    'login.token': 'Token de administração ou de consulta', 'login.submit': 'Entrar',
    'login.noToken': 'Não está com o token à mão? {command} no servidor imprime um link que faz você entrar uma única vez, em até 10 minutos.',
    'login.codeSigningIn': 'Entrando com um link de uso único…', 'login.codeOpen': 'Abrir o painel',
    'login.tooManyCodes': 'Muitas tentativas de entrada falharam a partir do seu endereço. Tente de novo em {seconds} segundos.',
    'login.tooManyTokens': 'Muitos tokens incorretos a partir do seu endereço. Tente de novo em {seconds} segundos.',
    'login.codeUsed': 'Este link de entrada já foi usado ou expirou (um link funciona uma vez, por 10 minutos). Entre com o token de administração ou gere um link novo com `npx ghl-payments sign-in-link`.',
    'login.wrongToken': 'Esse token não é o de administração nem o token de consulta de uma conta ativa.',
    'login.notReadyLink': 'O esquema do banco de dados ainda não foi migrado; o receptor continua tentando. Abra o link de novo em instantes.',
    'login.notReadySignIn': 'O esquema do banco de dados ainda não foi migrado; o receptor continua tentando. Entre de novo em instantes.',
  },
});
