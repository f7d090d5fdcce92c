// Card payment on the pay page: Stripe.js turns the card into a payment method, the server
// creates and confirms the PaymentIntent, Stripe.js handles 3-D Secure if the bank asks, and the
// pay page (reloaded) shows the real state, which only the signed webhook makes "paid".
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") {
    return;
  }
  var stripe = Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card", { hidePostalCode: true });
  card.mount("#card-element");
  var message = document.getElementById("card-message");
  var button = form.querySelector("button[type=submit]");

  async function paymentMethodId() {
    var made = stripe.createPaymentMethod
      ? await stripe.createPaymentMethod({ type: "card", card: card })
      : null;
    if (made && made.error) {
      throw made.error;
    }
    if (made && made.paymentMethod) {
      return made.paymentMethod.id;
    }
    // localstripe's Stripe.js (tests) makes no PaymentMethods: a tokenised card serves as one.
    var tokenised = await stripe.createToken(card);
    if (tokenised.error) {
      throw tokenised.error;
    }
    return tokenised.token.card.id;
  }

  async function pay() {
    var body = new FormData(form);
    body.set("payment_method", await paymentMethodId());
    var response = await fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    var result = await response.json().catch(function () {
      return {};
    });
    if (!result.next) {
      throw new Error(result.message || form.dataset.error);
    }
    if (result.status === "requires_action") {
      // Success or not, the page reloads and asks the server what happened.
      await stripe.confirmCardPayment(result.client_secret);
    }
    window.location.assign(result.next);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    message.textContent = form.dataset.working;
    pay().catch(function (error) {
      message.textContent = (error && error.message) || form.dataset.error;
      button.disabled = false;
    });
  });
})();
